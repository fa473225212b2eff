import numpy as np

from wine import utils


def test_seeds_repeat():
    utils.set_seeds()
    a = np.random.rand(2)
    utils.set_seeds()
    assert (a == np.random.rand(2)).all()
