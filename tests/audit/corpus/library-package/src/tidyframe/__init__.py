from tidyframe.core import clean_columns

__all__ = ['clean_columns']
