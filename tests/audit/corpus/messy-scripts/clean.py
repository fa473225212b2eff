import random

import pandas as pd

from config import DATA

rows = pd.read_csv(DATA)
keep = random.sample(range(len(rows)), 100)
rows.iloc[keep].to_csv('clean.csv')
