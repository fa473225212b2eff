import os

import pandas as pd
import plotly.express as px
import streamlit as st

SECRET_KEY = os.environ['SECRET_KEY']
frame = pd.read_csv('data/churn.csv')
st.plotly_chart(px.histogram(frame, x='tenure'))
