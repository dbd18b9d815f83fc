#!/usr/bin/env bash
# Sends a signed /okr slash command to a local goalpost, as Slack would.
#   scripts/try-slack.sh 'team create growth'
#   scripts/try-slack.sh 'checkin KR-1 42 on-track "blocked on legal"'
# Env: GOALPOST_URL (http://127.0.0.1:8080), SLACK_SECRET (the sample config's secret),
#      SLACK_TEAM (T1), SLACK_USER (U1), SLACK_USER_NAME (ana), SLACK_CHANNEL (C1)
set -euo pipefail
url=${GOALPOST_URL:-http://127.0.0.1:8080}
secret=${SLACK_SECRET:-8f742231b10e8888abcd99yyyzzz85a5}
text=${1:-help}
# Form-encode byte by byte (spaces become +), so UTF-8 and quotes survive.
enc() {
  local LC_ALL=C s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [a-zA-Z0-9._~-]) out+=$c ;;
      ' ') out+='+' ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}
body="team_id=${SLACK_TEAM:-T1}&team_domain=example&channel_id=${SLACK_CHANNEL:-C1}&channel_name=okrs"
body+="&user_id=${SLACK_USER:-U1}&user_name=${SLACK_USER_NAME:-ana}&command=%2Fokr&text=$(enc "$text")"
ts=$(date +%s)
sig="v0=$(printf 'v0:%s:%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$secret" | sed 's/^.*= //')"
curl -sS -X POST "$url/slack/commands" \
  -H 'Content-Type: application/x-www-form-urlencoded' \
  -H "X-Slack-Request-Timestamp: $ts" -H "X-Slack-Signature: $sig" \
  --data-binary "$body"
echo
