#pragma once
// HistoryRecorder: the window's threading around the service's history recording
// (core/service/history_recording.h, the same entry `i2v generate` and `i2v batch` record). On a pool
// thread the service writes the thumbnail and hashes the weights of the model folder through the
// WeightHashCache (a 5 GB file is read once; later runs hit the cache). Back on the GUI thread it adds the
// entry to the HistoryStore and emits recorded(). The store is touched only on the GUI thread. Destroying
// the recorder stops a running hash at the next 1 MiB read.

#include "core/request/generation_request.h"
#include "core/service/cost.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace i2v {
class HistoryStore;
class WeightHashCache;
struct JobOutcome;
}

namespace i2v {
namespace ui {

class HistoryRecorder : public QObject {
    Q_OBJECT
public:
    // `store` must outlive the recorder. `dataFolder`: where thumbnails/ and weight_hashes.json live.
    HistoryRecorder(HistoryStore* store, const QString& dataFolder, QObject* parent = nullptr);
    ~HistoryRecorder() override;

    // `request`: the submitted request (image may be empty); `outcome`: its end. Cost from `cost`. A best-of
    // job is recorded as its N variations (historyEntriesFor); returns the job id they share (known at once,
    // so a pick changed while they are being completed still reaches them), empty for a plain job.
    QString record(const GenerationRequest& request, std::shared_ptr<const JobOutcome> outcome, const CostSettings& cost);
    int inFlight() const { return m_inFlight; }
    // Makes variation `variation` (1-based) the pick of best-of job `job` in the history (the service's rule,
    // HistoryStore::setPick): now when its entries are stored, else as they are added. pickRecorded() or
    // recordFailed() follows.
    void setPick(const QString& job, int variation);

signals:
    void recorded(const QString& id); // the kept clip's entry (a best-of job's pick)
    void pickRecorded(const QString& job);
    void recordFailed(const QString& detail); // the history file could not be written

private:
    HistoryStore* m_store;
    QString m_dataFolder;
    std::shared_ptr<WeightHashCache> m_hashes;
    std::shared_ptr<std::atomic<bool>> m_stop;
    int m_inFlight = 0;
    QHash<QString, int> m_pendingPicks; // job -> variation, for jobs whose entries are not stored yet
};

} // namespace ui
} // namespace i2v
