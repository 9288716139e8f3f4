filedesc://seed.arc 0.0.0.0 20080430204825 text/plain 65
1 0 Test
URL IP-address Archive-date Content-type Archive-length

http://example.com/a 1.2.3.4 20080430204826 text/html 117
HTTP/1.0 200 OK
Content-Type: text/html

<html><head><title>t</title></head><body><a href='/b'>b</a></body></html>
http://example.com/ 1.2.3.4 20080430204827 text/html 36
HTTP/1.0 302 Found
Location: /a


