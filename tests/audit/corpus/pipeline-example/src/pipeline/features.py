import pandas as pd


def main():
    frame = pd.read_csv('data/customers.csv')
    frame.to_parquet('data/features.parquet')


if __name__ == '__main__':
    main()
