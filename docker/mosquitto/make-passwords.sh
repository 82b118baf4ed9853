#!/usr/bin/env bash
# Generates Mosquitto's password file from the device registry: one random password per active device (the MQTT
# username is the device id, which the ACL's %u patterns rely on) and one for the hub.
#
# Usage:
#   make-passwords.sh --devices devices.txt  OUT_DIR    # device ids, one per line
#   make-passwords.sh --db postgresql://...  OUT_DIR    # ids of ACTIVE devices from the hub's database (psql)
#
# Writes, with umask 077:
#   OUT_DIR/passwords           hashed (PBKDF2-SHA512, mosquitto_passwd); mount as /mosquitto/config/passwords
#   OUT_DIR/device-secrets.csv  device_id,password in clear, for provisioning the devices once; then move it to
#                               the secret store and delete it here. Never commit either file.
# Existing entries are replaced, so running it again rotates every password (devices then need the new one).
# The hub's password is printed to OUT_DIR/hub-password; give it to the hub as HUB_MQTT_PASSWORD.
set -euo pipefail
umask 077

usage() { sed -n '2,16p' "$0" >&2; exit 2; }
[ $# -eq 3 ] || usage
mode=$1 source=$2 out=$3
command -v mosquitto_passwd >/dev/null || { echo "mosquitto_passwd not found (package mosquitto)" >&2; exit 1; }
mkdir -p "$out"

case "$mode" in
    --devices) ids=$(grep -v '^[[:space:]]*\(#\|$\)' "$source") ;;
    --db) ids=$(psql "$source" -At -c "SELECT id FROM devices WHERE status = 'ACTIVE' ORDER BY id") ;;
    *) usage ;;
esac

secret() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='; }

passwords="$out/passwords"
secrets="$out/device-secrets.csv"
: >"$passwords"
echo "device_id,password" >"$secrets"
hub_password=$(secret)
mosquitto_passwd -b "$passwords" hub "$hub_password"
printf '%s\n' "$hub_password" >"$out/hub-password"
count=0
while IFS= read -r id; do
    [[ "$id" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || { echo "skipping invalid device id: $id" >&2; continue; }
    [ "$id" != hub ] || { echo "a device may not be called 'hub'" >&2; exit 1; }
    pw=$(secret)
    mosquitto_passwd -b "$passwords" "$id" "$pw"
    echo "$id,$pw" >>"$secrets"
    count=$((count + 1))
done <<<"$ids"
echo "wrote $passwords ($count devices + hub), $secrets and $out/hub-password" >&2
