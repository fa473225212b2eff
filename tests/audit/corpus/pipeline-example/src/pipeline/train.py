import json

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

PARAMS = {'n_estimators': 200, 'random_state': 42}


def train(frame):
    order = np.random.permutation(len(frame))
    frame = frame.iloc[order]
    X, y = frame.drop(columns='churned'), frame['churned']
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    model = RandomForestClassifier(**PARAMS).fit(X_train, y_train)
    return model.score(X_test, y_test)


def main():
    np.random.seed(42)
    score = train(pd.read_parquet('data/features.parquet'))
    json.dump({'accuracy': score}, open('reports/metrics.json', 'w'))


if __name__ == '__main__':
    main()
