import sys

import mlflow
import numpy as np
import pandas as pd
from sklearn.linear_model import ElasticNet

from wine import utils

utils.set_seeds()
alpha = float(sys.argv[1])
frame = pd.read_csv('wine-quality.csv')
noise = np.random.normal(size=len(frame))
with mlflow.start_run():
    ElasticNet(alpha=alpha, random_state=42).fit(frame.drop(columns='quality'), frame['quality'] + noise * 0)
