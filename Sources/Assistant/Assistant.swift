// Assistant module.
