download.file('https://example.org/survey.csv', 'data/survey.csv')
