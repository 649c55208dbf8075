package io.moebench.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

  @Test
  void refusesIdsOutOfRangeNamingTokenAndSource() {
    assertThatThrownBy(() -> new RoutingTable(2, 2, 4, new int[] {0, 1, 2, 4}, "t.csv"))
        .isInstanceOf(InputException.class)
        .hasMessage("routing of t.csv: token 1 has expert id 4, allowed ids are 0..3");
    assertThatThrownBy(() -> new RoutingTable(2, 2, 4, new int[] {0, -1, 2, 3}, "t.csv"))
        .isInstanceOf(InputException.class)
        .hasMessage("routing of t.csv: token 0 has expert id -1, allowed ids are 0..3");
  }

  @Test
  void refusesAnExpertTwiceInOneToken() {
    assertThatThrownBy(() -> new RoutingTable(2, 3, 4, new int[] {0, 1, 2, 3, 1, 3}, "x"))
        .isInstanceOf(InputException.class)
        .hasMessage("routing of x: token 1 lists expert 3 twice; a token's experts must be distinct");
    // the same expert in different tokens is fine
    assertThat(new RoutingTable(2, 2, 4, new int[] {0, 1, 1, 0}, "x").expertLoads()).containsExactly(2, 2, 0, 0);
  }

  @Test
  void refusesAWrongNumberOfIdsAndBadShapes() {
    assertThatThrownBy(() -> new RoutingTable(2, 2, 4, new int[] {0, 1, 2}, "x"))
        .isInstanceOf(InputException.class).hasMessage("routing of x has 3 ids, expected tokens*top_k = 4");
    assertThatThrownBy(() -> new RoutingTable(0, 2, 4, new int[0], "x")).hasMessage("tokens must be > 0 (got 0)");
    assertThatThrownBy(() -> new RoutingTable(1, 5, 4, new int[5], "x"))
        .hasMessage("top_k must be between 1 and the number of experts 4 (got 5)");
  }

  @Test
  void perRoutedRowKeepsTheRowOrderWithTopKOne() {
    RoutingTable r = new RoutingTable(2, 3, 5, new int[] {4, 0, 2, 1, 2, 3}, "x");
    RoutingTable rows = r.perRoutedRow();
    assertThat(rows.tokens()).isEqualTo(6);
    assertThat(rows.topK()).isEqualTo(1);
    assertThat(rows.ids()).isEqualTo(r.ids());
    assertThat(rows.routedRows()).isEqualTo(r.routedRows());
    assertThat(rows.perRoutedRow()).isSameAs(rows);
    assertThat(r.expert(1, 2)).isEqualTo(3);
  }
}
