"""``tension-points exercises``: a learner's own copy of the exercise notebooks and their data."""
