from churn import settings
from churn.train import load_customers, train


def test_the_extract_has_the_expected_columns():
    customers = load_customers()
    assert list(customers.columns) == [
        "customer_id", "tenure_months", "monthly_charges", "contract", "support_calls", "churned",
    ]
    assert customers.customer_id.is_unique


def test_training_twice_gives_the_same_accuracy():
    customers = load_customers()
    assert train(customers)[1] == train(customers)[1]
    assert settings.SEED == 2018
