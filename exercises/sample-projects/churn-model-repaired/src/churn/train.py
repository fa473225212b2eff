"""Train the churn model and print its test accuracy: `make` runs this."""

import pickle

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

from churn import settings


def load_customers(use_warehouse=False):
    if use_warehouse:
        return pd.read_sql("select * from customers", settings.warehouse_url())
    return pd.read_csv(settings.DATA_FILE)


def train(customers):
    rng = np.random.default_rng(settings.SEED)
    customers = customers.iloc[rng.permutation(len(customers))]
    features, target = customers[settings.FEATURES], customers["churned"]
    x_train, x_test, y_train, y_test = train_test_split(
        features, target, test_size=settings.TEST_SHARE, random_state=settings.SEED
    )
    model = RandomForestClassifier(n_estimators=200, random_state=settings.SEED)
    model.fit(x_train, y_train)
    return model, model.score(x_test, y_test)


def main():
    model, accuracy = train(load_customers())
    print("accuracy:", round(accuracy, 3))
    settings.MODEL_FILE.parent.mkdir(exist_ok=True)
    with open(settings.MODEL_FILE, "wb") as handle:
        pickle.dump(model, handle)


if __name__ == "__main__":
    main()
