#include "train/batches.h"

#include <algorithm>
#include <numeric>
#include <random>

#include "lorastudio/error.h"

namespace ls::train {

ExampleStream::ExampleStream(const std::vector<Example>& examples, int batchSize, uint64_t seed, TokenId padId)
    : m_examples(examples), m_batch(batchSize), m_seed(seed), m_pad(padId) {
    LS_CHECK(!examples.empty(), "the training split has no examples");
}

MicroBatch ExampleStream::batch(int64_t index, const torch::Device& device) const {
    const int64_t n = static_cast<int64_t>(m_examples.size());
    std::vector<const Example*> rows;
    for (int64_t i = 0; i < m_batch; ++i) {
        const int64_t position = index * m_batch + i;
        const int64_t epoch = position / n;
        while (static_cast<int64_t>(m_orders.size()) <= epoch) {
            // std::mt19937_64 and a hand-written Fisher-Yates: the same order on every platform
            // (std::shuffle's algorithm is implementation-defined).
            std::vector<uint32_t> order(static_cast<std::size_t>(n));
            std::iota(order.begin(), order.end(), 0u);
            std::mt19937_64 rng(m_seed * 0x9E3779B97F4A7C15ull + m_orders.size() + 1);
            for (int64_t k = n - 1; k > 0; --k) {
                const int64_t j = static_cast<int64_t>(rng() % static_cast<uint64_t>(k + 1));
                std::swap(order[static_cast<std::size_t>(k)], order[static_cast<std::size_t>(j)]);
            }
            m_orders.push_back(std::move(order));
        }
        rows.push_back(&m_examples[m_orders[static_cast<std::size_t>(epoch)][static_cast<std::size_t>(position % n)]]);
    }
    return collate(rows, m_pad, device);
}

double ExampleStream::epochAfter(int64_t microBatches) const {
    return static_cast<double>(microBatches * m_batch) / static_cast<double>(m_examples.size());
}

int64_t ExampleStream::microBatchesPerEpoch() const {
    return (static_cast<int64_t>(m_examples.size()) + m_batch - 1) / m_batch;
}

MicroBatch collate(const std::vector<const Example*>& rows, TokenId padId, const torch::Device& device) {
    LS_CHECK(!rows.empty(), "empty batch");
    std::size_t width = 0;
    for (const Example* e : rows) width = std::max(width, e->inputIds.size());
    const int64_t b = static_cast<int64_t>(rows.size()), t = static_cast<int64_t>(width);
    auto ids = torch::full({b, t}, static_cast<int64_t>(padId), torch::kInt64);
    auto labels = torch::full({b, t}, static_cast<int64_t>(kIgnoreLabel), torch::kInt64);
    auto ia = ids.accessor<int64_t, 2>();
    auto la = labels.accessor<int64_t, 2>();
    MicroBatch out;
    for (int64_t r = 0; r < b; ++r) {
        const Example& e = *rows[static_cast<std::size_t>(r)];
        const int64_t len = static_cast<int64_t>(e.inputIds.size());
        for (int64_t c = 0; c < len; ++c) {
            ia[r][c] = e.inputIds[static_cast<std::size_t>(c)];
            la[r][c] = e.labels[static_cast<std::size_t>(c)];
            if (c > 0 && la[r][c] != kIgnoreLabel) ++out.targetTokens;
        }
        out.tokens += len;
    }
    out.ids = ids.to(device);
    out.labels = labels.to(device);
    return out;
}

}  // namespace ls::train
