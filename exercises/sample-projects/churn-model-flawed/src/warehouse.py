"""Read customers straight from the warehouse."""

import pandas as pd

WAREHOUSE_URL = "postgresql://analyst:churn-q3-2018@warehouse.example.com:5432/crm"


def load_customers():
    return pd.read_sql("select * from customers", WAREHOUSE_URL)
