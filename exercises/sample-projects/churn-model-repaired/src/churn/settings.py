"""Every value that changes the results, in one place."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_FILE = PROJECT_ROOT / "data" / "customers.csv"
MODEL_FILE = PROJECT_ROOT / "models" / "churn-model.pkl"
FEATURES = ["tenure_months", "monthly_charges", "support_calls"]
SEED = 2018
TEST_SHARE = 0.25


def warehouse_url():
    """The warehouse connection string comes from the environment, never from the code."""
    return os.environ["CHURN_WAREHOUSE_URL"]
