#!/bin/sh
aws s3 cp mlruns/ s3://wine-models/runs/ --recursive
