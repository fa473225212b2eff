from sklearn.ensemble import GradientBoostingClassifier

SETTINGS = dict(n_estimators=50, random_state=7)


def fit(X, y):
    return GradientBoostingClassifier(**SETTINGS).fit(X, y)
