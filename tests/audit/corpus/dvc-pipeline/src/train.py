import pickle

import numpy as np
import pandas as pd
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

params = yaml.safe_load(open('params.yaml'))
rng = np.random.default_rng(params['seed'])
frame = pd.read_csv('data/transactions.csv')
train, test = train_test_split(frame, random_state=params['seed'])
model = LogisticRegression().fit(train.drop(columns='fraud'), train['fraud'])
pickle.dump(model, open('models/model.pkl', 'wb'))
