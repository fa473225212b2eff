"""Fine-tune a small classifier head on sentence embeddings."""

import torch
from transformers import AutoModel, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("distilbert-base-uncased", revision="6cdc0aa")
encoder = AutoModel.from_pretrained("distilbert-base-uncased")
head = torch.nn.Linear(768, 2)


def train(batches):
    optimiser = torch.optim.Adam(head.parameters())
    for inputs, labels in batches:
        loss = torch.nn.functional.cross_entropy(head(encoder(**inputs).last_hidden_state[:, 0]), labels)
        loss.backward()
        optimiser.step()


if __name__ == "__main__":
    train([])
