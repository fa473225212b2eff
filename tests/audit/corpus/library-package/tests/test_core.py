import pandas as pd

from tidyframe import clean_columns


def test_lower_case():
    assert list(clean_columns(pd.read_csv('tests/data/columns.csv'))) == ['a', 'b']
