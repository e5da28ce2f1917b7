"""Rules that encode Dutch parliamentary language, one module or data file per kind of rule."""
