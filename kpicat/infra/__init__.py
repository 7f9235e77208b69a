"""Infrastructure with no catalogue knowledge: the forked helper, the cache folder, git."""
