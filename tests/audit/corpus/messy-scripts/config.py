DB_USER = 'analyst'
DB_PASSWORD = 'Tr1cky-Warehouse-Pw'
DATA = '/home/jo/work/raw.csv'
