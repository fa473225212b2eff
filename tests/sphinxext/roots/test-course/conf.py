extensions = ["myst_parser", "tension_points.sphinxext"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
tension_points_edition = "facilitator"
