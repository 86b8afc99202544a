package io.shoal.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.shoal.dns.records.LookupResult;
import io.shoal.dns.records.RecordRegistry;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one query of one container into one response: from the records when the name is one the container can see,
 * from upstream otherwise. Transport-independent: the Netty handlers feed it bytes and send what it hands back.
 */
final class QueryResponder {
    /** RFC 1035 section 4.1.1. */
    static final int HEADER_LENGTH = 12;
    /** The UDP limit without EDNS (RFC 1035 section 4.2.1). */
    static final int PLAIN_UDP_LIMIT = 512;
    /** The most Shoal sends over UDP whatever a client advertises, and what it advertises itself (RFC 6891 6.2.5). */
    static final int MAX_UDP_PAYLOAD = 4096;
    /** A TCP message carries a two-octet length (RFC 1035 section 4.2.2). */
    static final int TCP_LIMIT = 65535;

    private static final int QR_BIT = 0x8000;

    private final String requesterId;
    private final RecordRegistry records;
    private final Forwarder forwarder;
    private final DnsMetrics metrics;
    private final long ttl;
    private final AnswerCache cache = new AnswerCache();

    QueryResponder(String requesterId, RecordRegistry records, Forwarder forwarder, DnsMetrics metrics, long ttl) {
        this.requesterId = requesterId;
        this.records = records;
        this.forwarder = forwarder;
        this.metrics = metrics;
        this.ttl = ttl;
    }

    /**
     * The answer to a UDP query from the answers this container was given before, written into a buffer of {@code
     * alloc}, or null when none is stored (then {@link #respond} must be called; nothing was counted). The query is
     * the first {@code length} octets of {@code wire}, a buffer the caller reuses. The hot path of a resolver that
     * containers ask the same names over and over: no parse, no lookup, no array per answer, one copy.
     */
    ByteBuf cachedUdpAnswer(byte[] wire, int length, ByteBufAllocator alloc) {
        if (length < HEADER_LENGTH || (flagsOf(wire) & QR_BIT) != 0) {
            return null;
        }
        long start = System.nanoTime();
        AnswerCache.Entry cached = cache.find(wire, length, records.generation());
        if (cached == null) {
            return null;
        }
        ByteBuf out = alloc.directBuffer(cached.responseLength());
        cached.writeResponseTo(wire, out);
        metrics.query();
        metrics.answered(cached.rcode(), cached.truncated(), start);
        return out;
    }

    /** Answers {@code wire}, received over {@code transport}, through {@code sink}, now or when upstream answers. */
    void respond(byte[] wire, Transport transport, ResponseSink sink) {
        long start = System.nanoTime();
        metrics.query();
        if (wire.length < HEADER_LENGTH || (flagsOf(wire) & QR_BIT) != 0) {
            // No header to answer to, or a response: answering responses is how two resolvers end up in a loop.
            metrics.dropped();
            sink.drop();
            return;
        }
        long generation = records.generation();
        if (transport == Transport.UDP) {
            AnswerCache.Entry cached = cache.find(wire, generation);
            if (cached != null) {
                deliver(sink, cached.responseTo(wire), cached.rcode(), start);
                return;
            }
        }
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException | RuntimeException e) {
            // dnsjava reports some malformed record data with unchecked exceptions; all of it is FORMERR.
            send(sink, formatErrorFromHeader(wire), Rcode.FORMERR, transport, PLAIN_UDP_LIMIT, start);
            return;
        }
        int limit = limitFor(query, transport);
        Record question = query.getQuestion();
        Header header = query.getHeader();
        if (header.getOpcode() != Opcode.QUERY) {
            send(sink, response(query, Rcode.NOTIMP, false), Rcode.NOTIMP, transport, limit, start);
        } else if (question == null || header.getCount(Section.QUESTION) != 1) {
            send(sink, response(query, Rcode.FORMERR, false), Rcode.FORMERR, transport, limit, start);
        } else if (query.getOPT() != null && query.getOPT().getVersion() != 0) {
            // RFC 6891 section 6.1.3: an EDNS version we do not speak.
            send(sink, response(query, Rcode.BADVERS, false), Rcode.BADVERS, transport, limit, start);
        } else if (question.getDClass() != DClass.IN
                || question.getType() == Type.AXFR
                || question.getType() == Type.IXFR) {
            send(sink, response(query, Rcode.REFUSED, false), Rcode.REFUSED, transport, limit, start);
        } else {
            answer(wire, query, question, transport, limit, sink, start, generation);
        }
    }

    private void answer(
            byte[] wire,
            Message query,
            Record question,
            Transport transport,
            int limit,
            ResponseSink sink,
            long start,
            long generation) {
        LookupResult result = records.lookup(requesterId, question.getName(), question.getType());
        if (result instanceof LookupResult.NotFound) {
            forward(wire, query, question, transport, limit, sink, start);
            return;
        }
        int rcode = Rcode.NOERROR;
        Message response;
        if (result instanceof LookupResult.NameError) {
            // A reverse name in a subnet only the engine knows: denied here, authoritatively, never asked upstream.
            rcode = Rcode.NXDOMAIN;
            response = response(query, rcode, true);
        } else {
            response = response(query, rcode, true);
            if (result instanceof LookupResult.Addresses found) {
                for (InetAddress address : found.addresses()) {
                    response.addRecord(addressRecord(question.getName(), address), Section.ANSWER);
                }
            } else if (result instanceof LookupResult.Pointers pointers) {
                for (Name target : pointers.names()) {
                    response.addRecord(new PTRRecord(question.getName(), DClass.IN, ttl, target), Section.ANSWER);
                }
            }
        }
        byte[] out = encode(response, transport, limit);
        // Two or more addresses rotate with every answer (RecordRegistry#lookup): those are encoded afresh each time.
        boolean repeats = !(result instanceof LookupResult.Addresses found
                && found.addresses().size() > 1);
        if (transport == Transport.UDP && repeats) {
            cache.store(wire, out, rcode, generation);
        }
        deliver(sink, out, rcode, start);
    }

    private void forward(
            byte[] wire,
            Message query,
            Record question,
            Transport transport,
            int limit,
            ResponseSink sink,
            long start) {
        metrics.forwarded();
        CompletableFuture<UpstreamAnswer> upstream = forwarder.forward(wire, question, transport);
        var unused = upstream.whenComplete((answer, failure) -> {
            if (failure != null) {
                send(sink, response(query, Rcode.SERVFAIL, false), Rcode.SERVFAIL, transport, limit, start);
            } else {
                relay(answer, query.getHeader().getID(), limit, sink, start);
            }
        });
    }

    /** Sends the upstream's answer under the client's ID: as received when it fits, else truncated (TC set). */
    private void relay(UpstreamAnswer answer, int clientId, int limit, ResponseSink sink, long start) {
        byte[] out;
        if (answer.wire().length <= limit) {
            out = answer.wire().clone();
            out[0] = (byte) (clientId >>> 8);
            out[1] = (byte) clientId;
        } else {
            Message message = answer.message();
            message.getHeader().setID(clientId);
            out = message.toWire(limit);
        }
        metrics.answered(answer.message().getRcode(), isTruncated(out), start);
        sink.send(out);
    }

    private Record addressRecord(Name name, InetAddress address) {
        return address instanceof Inet4Address
                ? new ARecord(name, DClass.IN, ttl, address)
                : new AAAARecord(name, DClass.IN, ttl, address);
    }

    private void send(ResponseSink sink, Message response, int rcode, Transport transport, int limit, long start) {
        deliver(sink, encode(response, transport, limit), rcode, start);
    }

    private static byte[] encode(Message response, Transport transport, int limit) {
        return response.toWire(transport == Transport.TCP ? TCP_LIMIT : limit);
    }

    private void deliver(ResponseSink sink, byte[] out, int rcode, long start) {
        metrics.answered(rcode, isTruncated(out), start);
        sink.send(out);
    }

    /** A response to {@code query}: same ID, opcode, RD and question, RA set, and an OPT when the query had one. */
    private static Message response(Message query, int rcode, boolean authoritative) {
        Header queryHeader = query.getHeader();
        Message response = new Message(queryHeader.getID());
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setFlag(Flags.RA);
        header.setOpcode(queryHeader.getOpcode());
        if (queryHeader.getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        if (authoritative) {
            header.setFlag(Flags.AA);
        }
        header.setRcode(rcode & 0xF);
        Record question = query.getQuestion();
        if (question != null && queryHeader.getOpcode() == Opcode.QUERY) {
            response.addRecord(question, Section.QUESTION);
        }
        if (query.getOPT() != null) {
            // The upper eight bits of a 12-bit extended RCODE live in the OPT record (RFC 6891 section 6.1.3).
            response.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, rcode >>> 4, 0), Section.ADDITIONAL);
        }
        return response;
    }

    /** FORMERR for a message dnsjava could not parse, built from its header alone (no question is echoed). */
    private static Message formatErrorFromHeader(byte[] wire) {
        int flags = flagsOf(wire);
        Message response = new Message(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF));
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode((flags >>> 11) & 0xF);
        if ((flags & 0x0100) != 0) {
            header.setFlag(Flags.RD);
        }
        header.setRcode(Rcode.FORMERR);
        return response;
    }

    /** The most a response to {@code query} may take: 512 octets without EDNS, else its advertised size. */
    static int limitFor(Message query, Transport transport) {
        if (transport == Transport.TCP) {
            return TCP_LIMIT;
        }
        OPTRecord opt = query.getOPT();
        if (opt == null) {
            return PLAIN_UDP_LIMIT;
        }
        // RFC 6891 section 6.2.5: values below 512 are treated as 512.
        return Math.max(PLAIN_UDP_LIMIT, Math.min(opt.getPayloadSize(), MAX_UDP_PAYLOAD));
    }

    private static int flagsOf(byte[] wire) {
        return ((wire[2] & 0xFF) << 8) | (wire[3] & 0xFF);
    }

    static boolean isTruncated(byte[] response) {
        return response.length >= HEADER_LENGTH && (response[2] & 0x02) != 0;
    }
}
