"""Train the churn model and save it. This is what produced the Q3 numbers."""

import pickle
import random

import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

from warehouse import load_customers

DATA = "/Users/robin/projects/churn/data/customers.csv"
MODEL_PATH = "/Users/robin/projects/churn/model.pkl"
FEATURES = ["tenure_months", "monthly_charges", "support_calls"]

# TODO move these somewhere safer
AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def main(use_warehouse=False):
    customers = load_customers() if use_warehouse else pd.read_csv(DATA)
    rows = list(customers.index)
    random.shuffle(rows)
    customers = customers.loc[rows]
    features, target = customers[FEATURES], customers["churned"]
    x_train, x_test, y_train, y_test = train_test_split(features, target, test_size=0.25)
    model = RandomForestClassifier(n_estimators=200)
    model.fit(x_train, y_train)
    print("accuracy:", round(model.score(x_test, y_test), 3))
    with open(MODEL_PATH, "wb") as handle:
        pickle.dump(model, handle)


if __name__ == "__main__":
    main()
