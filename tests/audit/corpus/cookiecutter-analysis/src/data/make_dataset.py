import click
import requests
from dotenv import find_dotenv, load_dotenv

URL = 'https://shop.example.com/export/transactions.csv'


@click.command()
@click.argument('output')
def main(output):
    load_dotenv(find_dotenv())
    response = requests.get(URL, timeout=60)
    with open(output + '/transactions.csv', 'wb') as handle:
        handle.write(response.content)


if __name__ == '__main__':
    main()
