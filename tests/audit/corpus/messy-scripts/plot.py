import matplotlib.pyplot as plt
import pandas as pd

frame = pd.read_csv('clean.csv')
frame.plot()
plt.savefig('/home/jo/Desktop/plot.png')
