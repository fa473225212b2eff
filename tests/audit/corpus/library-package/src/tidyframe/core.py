import attr
import pandas as pd
import requests


@attr.s
class Source:
    url = attr.ib()


def clean_columns(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns=str.lower)
