"""The one exception type for bad input a person can fix.

The CLI prints its message on one line and exits with code 2; the Sphinx
extension turns it into a build error. Messages name the file and what is wrong.
"""


class UserError(Exception):
    """Bad input: a missing path, a malformed data file, an unknown id."""

    exit_code = 2
