#pragma once
// QueueModel: the list model over the ONE job queue (core/service/job_queue.h), not a second copy of it.
// Every edit goes to the queue; the model then re-reads the queue's snapshot and tells views exactly
// what changed (a move, an insert, a removal, or changed rows), so selections survive reordering.
// Refreshes come from JobController::queueChanged() (coalesced) and, synchronously, after the model's
// own edits, so a caller sees the new order as soon as moveRows()/removeRows() return.
// Drag-to-reorder: QListView's internal move calls moveRows().

#include "core/service/job_queue.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPixmap>

#include <vector>

namespace i2v {
namespace ui {

class JobController;

class QueueModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1, // quint64 job id
        StateRole,                 // int(JobState)
        HeldRole,                  // bool
        SummaryRole,               // "512 × 512 · 16 frames · 50 steps · seed 42"
        StatusRole,                // translated state ("Waiting", "Generating 12/50", "Failed: …")
        ProgressRole,              // 0..100 while running, -1 otherwise
    };

    explicit QueueModel(JobController* jobs, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    Qt::DropActions supportedDropActions() const override;
    // Moves one row (count must be 1): `destinationChild` is the row it goes in front of (Qt's convention).
    bool moveRows(const QModelIndex& sourceParent, int sourceRow, int count, const QModelIndex& destinationParent,
                  int destinationChild) override;
    // Drag and drop carries job ids; a drop moves the dragged job in the queue and returns false, so the
    // view never removes the "moved-away" row itself (used when the view does not call moveRows()).
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;
    // Removes rows from the queue (a running job is cancelled and disappears when it stops).
    bool removeRows(int row, int count, const QModelIndex& parent = {}) override;

    quint64 idAt(int row) const;
    int rowOf(quint64 id) const; // -1 when absent
    const QueueEntry* entryAt(int row) const;
    JobController* jobs() const { return m_jobs; }

    // Re-reads the queue and emits the matching model signals. Called on queueChanged() and after edits.
    void refresh();

    static QString stateText(const QueueEntry& entry);
    static QString summaryText(const GenerationRequest& request);

private:
    QPixmap thumbnail(const QString& imagePath) const;

    JobController* m_jobs;
    std::vector<QueueEntry> m_rows; // the queue's latest snapshot, read-only here
    mutable QHash<QString, QPixmap> m_thumbnails;
};

} // namespace ui
} // namespace i2v
