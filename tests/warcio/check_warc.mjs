// Reads a WARC file with an independent reader, webrecorder's warcio.js, and checks it.
//
//   node check_warc.mjs [--strict] FILE
//
// Prints one line per record: type, target URI (or "-"), Content-Length, and the outcome of the
// digest checks. warcio.js parses but does not verify digests, so the file is read twice:
//   1. without HTTP parsing: the raw block of each record, whose sha1 (or sha256/md5) must match
//      WARC-Block-Digest, and whose size must match Content-Length;
//   2. with HTTP parsing (request, response, revisit): warcio splits off the HTTP head, and the
//      rest of the block, the payload as recorded, must match WARC-Payload-Digest (not on revisit
//      records, whose payload digest names the original payload). The HTTP payload is then also
//      decoded (de-chunked, content-decoded) by warcio, which must not fail.
// A gzipped file is also gunzipped whole by node's zlib, which warcio's reader does not insist on:
// a truncated last member must fail the check.
// Digests may be base32 (WARC's custom), hex, base64 or base64url, as other readers accept. An algorithm other than sha1/sha256/md5 is
// reported as unverified.
//
// --strict adds what every salvage-written file must satisfy: WARC/1.1, a warcinfo record first,
// a block digest on every record, a payload digest on every response, and every
// WARC-Concurrent-To naming a record of the file.
//
// Exit status: 0 when everything checks, 1 when parsing or a check fails, 2 on bad usage.

import crypto from "node:crypto";
import fs from "node:fs";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { WARCParser } from "warcio";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ALGORITHMS = { sha1: "sha1", "sha-1": "sha1", sha256: "sha256", "sha-256": "sha256", md5: "md5" };

function base32(bytes) {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

// "ok", "mismatch" or "unverified (...)" for a "algo:value" digest header over `data`.
function verifyDigest(header, data) {
  const colon = header.indexOf(":");
  const algorithm = ALGORITHMS[header.slice(0, colon).trim().toLowerCase()];
  if (colon < 0 || !algorithm) return `unverified (${header})`;
  const expected = header.slice(colon + 1).trim();
  const digest = crypto.createHash(algorithm).update(data).digest();
  if (expected.toLowerCase() === digest.toString("hex")) return "ok";
  const unpadded = expected.replace(/=+$/, "");
  if (unpadded.toUpperCase() === base32(digest)) return "ok";
  const base64 = digest.toString("base64").replace(/=+$/, "");
  return unpadded === base64 || unpadded === digest.toString("base64url") ? "ok" : "mismatch";
}

// A gzipped file must gunzip to its end: warcio stops quietly at a truncated member.
async function gzipProblem(file) {
  const fd = fs.openSync(file, "r");
  const magic = Buffer.alloc(2);
  const got = fs.readSync(fd, magic, 0, 2, 0);
  fs.closeSync(fd);
  if (got < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) return null;
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  try {
    await pipeline(fs.createReadStream(file), zlib.createGunzip(), sink);
    return null;
  } catch (error) {
    return `the gzip stream is truncated or corrupt: ${error.message}`;
  }
}

async function* records(file, parseHttp) {
  const parser = new WARCParser(fs.createReadStream(file), { parseHttp });
  for await (const record of parser) yield record;
}

async function check(file, strict) {
  const problems = [];
  const lines = [];
  const ids = new Set();
  const concurrentTo = [];
  let index = 0;

  const gzip = await gzipProblem(file);
  if (gzip) problems.push(gzip);

  // Pass 1: raw blocks.
  for await (const record of records(file, false)) {
    const type = record.warcType;
    const where = `record ${index} (${type})`;
    const block = await record.readFully(false);
    const length = record.warcContentLength;
    const line = { type, uri: record.warcTargetURI || "-", length, block: "-", payload: "-" };
    if (block.length !== length) problems.push(`${where}: block has ${block.length} bytes, Content-Length says ${length}`);

    const blockDigest = record.warcBlockDigest;
    if (blockDigest) line.block = verifyDigest(blockDigest, block);
    else if (strict) problems.push(`${where}: no WARC-Block-Digest`);
    if (line.block === "mismatch") problems.push(`${where}: WARC-Block-Digest does not match`);

    const id = record.warcHeader("WARC-Record-ID");
    if (id) ids.add(id);
    const concurrent = record.warcHeader("WARC-Concurrent-To");
    if (concurrent) concurrentTo.push([where, concurrent]);
    if (strict) {
      if (record.warcHeaders.protocol !== "WARC/1.1") problems.push(`${where}: not WARC/1.1`);
      if (index === 0 && type !== "warcinfo") problems.push(`${where}: the first record is not warcinfo`);
      if (type === "response" && !record.warcPayloadDigest) problems.push(`${where}: no WARC-Payload-Digest`);
      if (!id) problems.push(`${where}: no WARC-Record-ID`);
    }
    lines.push(line);
    index += 1;
  }
  if (index === 0) problems.push("no WARC record found");

  // Pass 2: HTTP payloads.
  index = 0;
  for await (const record of records(file, true)) {
    const type = record.warcType;
    const where = `record ${index} (${type})`;
    if (index >= lines.length || lines[index].type !== type) {
      problems.push(`${where}: the two passes disagree`);
      break;
    }
    if (record.httpHeaders) {
      const payload = await record.readFully(false);
      const payloadDigest = record.warcPayloadDigest;
      if (payloadDigest && type !== "revisit") {
        lines[index].payload = verifyDigest(payloadDigest, payload);
        if (lines[index].payload === "mismatch") problems.push(`${where}: WARC-Payload-Digest does not match`);
      }
      try {
        await record.readFully(true);
      } catch (error) {
        problems.push(`${where}: warcio cannot decode the HTTP payload: ${error.message}`);
      }
    } else if (type === "response" || type === "request") {
      problems.push(`${where}: warcio found no HTTP head`);
    }
    index += 1;
  }
  if (index !== lines.length) problems.push(`the two passes found ${lines.length} and ${index} records`);

  for (const [where, target] of concurrentTo) {
    if (!ids.has(target)) {
      const message = `${where}: WARC-Concurrent-To ${target} names no record of this file`;
      if (strict) problems.push(message);
      else console.error(`note: ${message}`);
    }
  }

  for (const l of lines) {
    console.log(`${l.type}\t${l.uri}\t${l.length}\tblock-digest:${l.block}\tpayload-digest:${l.payload}`);
  }
  return problems;
}

const args = process.argv.slice(2);
const strict = args.includes("--strict");
const files = args.filter((a) => a !== "--strict");
if (files.length !== 1 || files[0].startsWith("-")) {
  console.error("usage: node check_warc.mjs [--strict] FILE");
  process.exit(2);
}

try {
  const problems = await check(files[0], strict);
  for (const p of problems) console.error(`check_warc: ${files[0]}: ${p}`);
  process.exit(problems.length ? 1 : 0);
} catch (error) {
  console.error(`check_warc: ${files[0]}: warcio failed to parse: ${error.stack || error}`);
  process.exit(1);
}
