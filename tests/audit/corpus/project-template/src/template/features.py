import numpy as np
import pandas as pd


def add_ratio(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(ratio=frame['a'] / frame['b'].replace(0, np.nan))
