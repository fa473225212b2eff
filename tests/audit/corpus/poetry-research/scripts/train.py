import numpy as np
import torch
import pytorch_lightning as pl

from contrastive.utils import set_all_seeds


def main():
    set_all_seeds(0)
    noise = torch.randn(4, 8)
    order = np.random.permutation(8)
    pl.seed_everything(0)


if __name__ == '__main__':
    main()
