import random

import pandas as pd

from template.features import add_ratio


def test_ratio_of_random_rows():
    rows = [(random.randint(0, 9), random.randint(1, 9)) for _ in range(20)]
    frame = pd.DataFrame(rows, columns=['a', 'b'])
    assert (add_ratio(frame)['ratio'] >= 0).all()
