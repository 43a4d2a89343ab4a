package io.edgeplace.extender;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Workload;
import io.edgeplace.core.reservation.BandwidthReservations;
import io.edgeplace.extender.placement.Reservations;
import java.util.Objects;

/**
 * The core's {@link BandwidthReservations} book as the extender's {@link Reservations}. The book
 * itself expires holds and ignores those whose pod the snapshot already shows bound, which is
 * how a guess on the best-ranked node is corrected once the informers see the real binding.
 */
final class BookReservations implements Reservations {
  private final BandwidthReservations book;

  BookReservations(BandwidthReservations book) {
    this.book = Objects.requireNonNull(book, "book");
  }

  @Override
  public void release(Workload workload) {
    book.release(workload.namespace(), workload.name());
  }

  @Override
  public void reserve(ClusterSnapshot snapshot, Workload workload, String node, boolean exact) {
    book.reserve(snapshot, workload, node);
  }

  @Override
  public int size() {
    return book.size();
  }
}
