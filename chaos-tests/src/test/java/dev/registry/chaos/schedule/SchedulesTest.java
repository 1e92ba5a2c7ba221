package dev.registry.chaos.schedule;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulesTest {

    @Test
    void there_are_at_least_twelve_named_schedules_with_unique_names() {
        List<Schedule> all = NamedSchedules.all(1, 1_000);
        assertTrue(all.size() >= 12, "CI must run at least 12 named schedules");
        Set<String> names = new HashSet<>();
        all.forEach(s -> assertTrue(names.add(s.name()), "duplicate " + s.name()));
    }

    @Test
    void the_named_schedules_cover_every_fault_of_the_issue() {
        Set<Class<?>> kinds = new HashSet<>();
        NamedSchedules.all(1, 1_000).forEach(s -> s.steps().forEach(st -> kinds.add(st.action().getClass())));
        for (Class<?> c : Action.class.getPermittedSubclasses()) {
            assertTrue(kinds.contains(c), "no named schedule uses " + c.getSimpleName());
        }
    }

    @Property(tries = 200)
    void a_random_schedule_is_a_function_of_its_seed_and_ends_healed(@ForAll long seed) {
        Schedule a = RandomSchedules.generate(seed, 15_000);
        Schedule b = RandomSchedules.generate(seed, 15_000);
        assertEquals(a, b);
        assertEquals(a.describe(), b.describe());
        assertTrue(a.steps().get(a.steps().size() - 1).action() instanceof Action.HealAll);
        assertTrue(a.healMillis() <= 13_000, a::describe);
        assertTrue(a.steps().size() >= 2, a::describe);
        assertTrue(a.maxClockOffsetMillis() <= 3_000);
    }

    @Test
    void different_seeds_give_different_schedules() {
        Set<List<Step>> distinct = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            distinct.add(RandomSchedules.generate(seed, 15_000).steps());
        }
        assertTrue(distinct.size() > 40, "only " + distinct.size() + " distinct schedules out of 50");
        assertNotEquals(RandomSchedules.generate(1, 15_000), RandomSchedules.generate(2, 15_000));
    }

    @Test
    void a_schedule_that_does_not_end_with_a_full_heal_is_refused() {
        List<Step> unhealed = List.of(new Step(100, new Action.Kill("n1")));
        assertThrows(IllegalArgumentException.class, () -> new Schedule("bad", 1, 1_000, unhealed));
        List<Step> late = List.of(new Step(2_000, new Action.HealAll()));
        assertThrows(IllegalArgumentException.class, () -> new Schedule("late", 1, 1_000, late));
    }

    @Test
    void the_printed_schedule_names_seed_and_every_step() {
        Schedule s = NamedSchedules.all(77, 1_000).get(0);
        String text = s.describe();
        assertTrue(text.contains("seed=77"), text);
        assertTrue(text.contains("isolate n3"), text);
        assertTrue(text.contains("heal"), text);
        assertEquals(3_000, NamedSchedules.all(1, 1_000).stream()
                .filter(x -> x.name().equals("clock-ahead")).findFirst().orElseThrow().maxClockOffsetMillis());
    }
}
