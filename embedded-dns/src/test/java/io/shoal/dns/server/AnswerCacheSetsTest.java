package io.shoal.dns.server;

import static io.shoal.dns.server.Queries.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** {@link AnswerCache} on its own: questions whose hashes pick the same set are kept side by side. */
class AnswerCacheSetsTest {
    private static final long GENERATION = 7;

    @Test
    void fourQuestionsWhoseHashesPickOneSetAreAllKept() {
        // Names asked in turn that share a slot must not evict each other (a direct-mapped table did).
        List<byte[]> sameSet = questionsInOneSet(4);
        AnswerCache cache = new AnswerCache();
        for (byte[] question : sameSet) {
            cache.store(question, answerTo(question), 0, GENERATION);
        }

        for (byte[] question : sameSet) {
            AnswerCache.Entry entry = cache.find(question, GENERATION);
            assertThat(entry).as("kept beside the others of its set").isNotNull();
            assertThat(entry.responseLength()).isEqualTo(answerTo(question).length);
        }
    }

    @Test
    void aFullSetTakesANewQuestionAndStillAnswersItsNewest() {
        List<byte[]> sameSet = questionsInOneSet(AnswerCache.WAYS + 1);
        AnswerCache cache = new AnswerCache();
        for (byte[] question : sameSet) {
            cache.store(question, answerTo(question), 0, GENERATION);
        }

        byte[] newest = sameSet.get(sameSet.size() - 1);
        assertThat(cache.find(newest, GENERATION)).isNotNull();
        assertThat(cache.find(newest, GENERATION + 1)).as("another generation").isNull();
        long kept = sameSet.stream()
                .filter(question -> cache.find(question, GENERATION) != null)
                .count();
        assertThat(kept).as("one way evicted").isEqualTo(AnswerCache.WAYS);
    }

    @Test
    void aQuestionReadIntoALongerReusedBufferIsFoundByItsLength() {
        byte[] question = query("web", Type.A).toWire();
        AnswerCache cache = new AnswerCache();
        cache.store(question, answerTo(question), 0, GENERATION);
        byte[] reused = new byte[AnswerCache.MAX_QUERY];
        System.arraycopy(question, 0, reused, 0, question.length);
        reused[question.length] = 42;

        assertThat(cache.find(reused, question.length, GENERATION)).isNotNull();
        assertThat(cache.find(reused, question.length + 1, GENERATION))
                .as("one octet longer")
                .isNull();
    }

    /** {@code count} A questions for distinct names whose hashes pick the same set. */
    private static List<byte[]> questionsInOneSet(int count) {
        List<List<byte[]>> bySet = new ArrayList<>();
        for (int set = 0; set < AnswerCache.SETS; set++) {
            bySet.add(new ArrayList<>());
        }
        for (int i = 0; ; i++) {
            byte[] question = query("name-" + i, Type.A).toWire();
            List<byte[]> set = bySet.get(AnswerCache.setOf(question, question.length));
            set.add(question);
            if (set.size() == count) {
                return set;
            }
        }
    }

    /** A stand-in answer: the question with QR set and one octet more, enough to tell answers apart by length. */
    private static byte[] answerTo(byte[] question) {
        byte[] answer = new byte[question.length + 1];
        System.arraycopy(question, 0, answer, 0, question.length);
        answer[2] |= (byte) 0x80;
        return answer;
    }
}
