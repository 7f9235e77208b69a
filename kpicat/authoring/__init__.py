"""Writing and routing entries: skeletons for `kpicat new`, CODEOWNERS for review."""
