def test_data_file_exists():
    import pathlib
    assert pathlib.Path('data/churn.csv').exists()
