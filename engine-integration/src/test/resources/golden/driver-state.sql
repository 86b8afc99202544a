-- The drivers' records as SqliteDriverStore writes them (engine-integration); see SqliteDriverStoreGoldenTest.
CREATE TABLE driver_state (driver TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (driver, key));
INSERT INTO driver_state (driver, key, value) VALUES ('bridge', 'endpoint/0123456789ab/e1', 'network=0123456789ab
ipv4=10.78.0.2/24
phase=JOINED
');
INSERT INTO driver_state (driver, key, value) VALUES ('bridge', 'network/0123456789ab', 'name=web
bridge=br-0123456789ab
mtu=1500
phase=READY
');
INSERT INTO driver_state (driver, key, value) VALUES ('bridge', 'network/b%_''quote', 'name=it''s "odd"; -- not a comment
');
INSERT INTO driver_state (driver, key, value) VALUES ('macvlan', 'network/0123456789ab', 'name=lan
parent=eth0.20
mode=bridge
unicode=réseau
');
