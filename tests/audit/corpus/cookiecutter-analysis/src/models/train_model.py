import joblib
import pandas as pd
from sklearn.cluster import KMeans


def main():
    frame = pd.read_csv('data/processed/segments.csv')
    model = KMeans(n_clusters=4, random_state=0).fit(frame[['customer']])
    joblib.dump(model, 'models/kmeans.joblib')


if __name__ == '__main__':
    main()
