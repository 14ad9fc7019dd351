#pragma once
// HistoryRecorder: the window's threading around the service's history recording
// (core/service/history_recording.h, the same entry `i2v generate` and `i2v batch` record). On a pool
// thread the service writes the thumbnail and hashes the weights of the model folder through the
// WeightHashCache (a 5 GB file is read once; later runs hit the cache). Back on the GUI thread it adds the
// entry to the HistoryStore and emits recorded(). The store is touched only on the GUI thread. Destroying
// the recorder stops a running hash at the next 1 MiB read.

#include "core/request/generation_request.h"
#include "core/service/cost.h"

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

    // `request`: the submitted request (image may be empty); `outcome`: its end. Cost from `cost`.
    void record(const GenerationRequest& request, std::shared_ptr<const JobOutcome> outcome, const CostSettings& cost);
    int inFlight() const { return m_inFlight; }

signals:
    void recorded(const QString& id);
    void recordFailed(const QString& detail); // the history file could not be written

private:
    HistoryStore* m_store;
    QString m_dataFolder;
    std::shared_ptr<WeightHashCache> m_hashes;
    std::shared_ptr<std::atomic<bool>> m_stop;
    int m_inFlight = 0;
};

} // namespace ui
} // namespace i2v
