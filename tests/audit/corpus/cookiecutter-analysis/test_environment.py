import sys

assert sys.version_info.major == 3
