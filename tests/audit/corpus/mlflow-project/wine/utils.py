import random

import numpy as np


def set_seeds(seed=42):
    random.seed(seed)
    np.random.seed(seed)
