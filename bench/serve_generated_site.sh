# Sourced by the crawl and pipeline benchmarks: generates the benchmark site of PAGES legacy pages
# (bench/make_site.py, linked by folder indexes) in $work/site and serves it with nginx on a free
# port of 127.0.0.1 until the sourcing script exits. Needs: $work (emptied here), $pages.
# Sets: $url (the site's root), $nginx_pid.
rm -rf "$work" && mkdir -p "$work/nginx/logs"
python3 bench/make_site.py "$work/site" "$pages" --linked >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html htm; }
  keepalive_requests 100000;
  server { listen 127.0.0.1:$port; root $work/site; }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
nginx_pid=$!
trap 'kill $nginx_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/"
