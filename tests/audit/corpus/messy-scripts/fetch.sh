#!/bin/sh
wget -O raw.csv https://data.example.org/exports/raw.csv
