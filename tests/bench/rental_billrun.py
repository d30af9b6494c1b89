#!/usr/bin/python3
"""The month's bill run of one building (scripts/bench-rental): a landlord
certifies, adds a building of 10 x 10 rooms, lets every room (/contr/init,
then the tenant's /contr/visa, which makes each first bill), then settles
the building's 100 open bills: readings (/bill/setbills) and payment
(/bill/payment) for each, timed one after another on one connection, then
the next month's 100 on 8 connections.

Usage: rental_billrun.py BASE LANDLORD_TOKEN TENANT_TOKEN"""

import concurrent.futures
import datetime
import os
import sys
import time

import requests

CHINA = datetime.timezone(datetime.timedelta(hours=8))


def idcard(first17):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * k for c, k in zip(first17, w))
    return first17 + "10X98765432"[s % 11]


class Client:
    def __init__(self, base, token):
        self.base, self.s = base, requests.Session()
        self.s.headers["Authorization"] = token

    def ok(self, path, body):
        r = self.s.post(self.base + path, json=body, timeout=60)
        j = r.json()
        if r.status_code != 200 or j["meta"]["status"] != 200:
            sys.exit("rental_billrun: %s: %d %s" % (path, r.status_code,
                                                     r.text[:300]))
        return j["data"]


def open_bills(landlord, bid):
    bills = landlord.ok("/bill/getbills", {"id": bid, "page": 1,
                                           "size": 100})
    return [b for b in bills if b["status"] == 0]


def settle(landlord, b):
    landlord.ok("/bill/setbills", {
        "id": b["_id"], "curWater": round(b["water"]["init"] + 5.5, 1),
        "curElectric": round(b["electric"]["init"] + 120.3, 1)})
    landlord.ok("/bill/payment", {"id": b["_id"], "pay": 3})


def main():
    base, ltok, ttok = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    landlord, tenant = Client(base, ltok), Client(base, ttok)
    landlord.ok("/login/update/1", {
        "name": "压测房东", "phone": "13800138000",
        "idcard": idcard("11010119800101001"),
        "location": [110000, 110100, 110101], "village": "压测小区"})
    t0 = time.monotonic()
    b = landlord.ok("/build/add", {
        "buildInfo": {"name": "账单压测楼" + os.urandom(3).hex(),
                      "layer": 10, "count": 10, "net": 30,
                      "electricity": 1.2, "water": 5},
        "houseType": [{"unitType": 1, "bathroom": 1, "air_condition": 1,
                       "geyser": 1, "gas": 0, "broadband": 1, "clear": 50,
                       "rent": 1500}]})
    bid = b["_id"]
    rooms = landlord.ok("/build/allhouse", {"id": bid})
    today = datetime.datetime.now(CHINA).date().isoformat()
    for room in rooms:
        c = landlord.ok("/contr/init", {
            "roomId": room["_id"], "beginTime": today,
            "houseName": room["houseName"], "houseType": room["houseType"],
            "houseConfig": room["houseConfig"],
            "houseCost": room["houseCost"],
            "Baseinfo": {"electric": 1000, "water": 100}})
        tenant.ok("/contr/visa", {"id": c["id"], "persons": 1})
    print("  bill run setup: a building of %d rooms, each let (%d "
          "requests) in %.1f s" % (len(rooms), 2 * len(rooms) + 2,
                                   time.monotonic() - t0))

    bills = open_bills(landlord, bid)
    t0 = time.monotonic()
    for bill in bills:
        settle(landlord, bill)
    t1 = time.monotonic()
    print("  bill run, one connection: %d bills settled (setbills + payment "
          "each) in %.3f s" % (len(bills), t1 - t0))

    bills = open_bills(landlord, bid)
    clients = [Client(base, ltok) for _ in range(8)]
    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        list(ex.map(lambda ib: settle(clients[ib[0] % 8], ib[1]),
                    enumerate(bills)))
    t1 = time.monotonic()
    print("  bill run, 8 connections: the next month's %d bills settled in "
          "%.3f s" % (len(bills), t1 - t0))


if __name__ == "__main__":
    main()
