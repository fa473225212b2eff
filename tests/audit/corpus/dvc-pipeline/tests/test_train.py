import yaml


def test_params_have_a_seed():
    assert 'seed' in yaml.safe_load(open('params.yaml'))
