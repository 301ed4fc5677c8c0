#include "model/quantized_linear.h"

namespace ls::model {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The autograd graph may only hold tensors and plain values, so the quantized weight travels as its
// parts and is reassembled in backward. These are views of tensors the model owns: nothing is copied.
void saveQuantized(AutogradContext* ctx, const quant::QuantizedTensor& q, const std::string& prefix) {
    auto d = [&](const char* key) -> c10::IValue& { return ctx->saved_data[prefix + key]; };
    d("packed") = q.packed;
    d("absmax") = q.absmax;
    d("code") = q.code;
    d("nested_absmax") = q.nestedAbsmax.defined() ? q.nestedAbsmax : torch::Tensor();
    d("nested_code") = q.nestedCode.defined() ? q.nestedCode : torch::Tensor();
    d("type") = static_cast<int64_t>(q.type);
    d("blocksize") = static_cast<int64_t>(q.blocksize);
    d("dtype") = static_cast<int64_t>(q.dtype);
    d("shape") = q.shape;
    d("double_quant") = q.doubleQuant;
    d("nested_offset") = static_cast<double>(q.nestedOffset);
}

quant::QuantizedTensor restoreQuantized(AutogradContext* ctx, const std::string& prefix) {
    auto d = [&](const char* key) -> c10::IValue& { return ctx->saved_data[prefix + key]; };
    quant::QuantizedTensor q;
    q.packed = d("packed").toTensor();
    q.absmax = d("absmax").toTensor();
    q.code = d("code").toTensor();
    q.nestedAbsmax = d("nested_absmax").toTensor();
    q.nestedCode = d("nested_code").toTensor();
    q.type = static_cast<quant::QuantType>(d("type").toInt());
    q.blocksize = static_cast<int>(d("blocksize").toInt());
    q.dtype = static_cast<torch::ScalarType>(d("dtype").toInt());
    q.shape = d("shape").toIntVector();
    q.doubleQuant = d("double_quant").toBool();
    q.nestedOffset = static_cast<float>(d("nested_offset").toDouble());
    return q;
}

namespace {

struct QuantizedLinearFunction : public torch::autograd::Function<QuantizedLinearFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const quant::QuantizedTensor& q) {
        saveQuantized(ctx, q);
        const torch::Tensor w = quant::dequantize4bit(q).to(x.scalar_type());
        return torch::matmul(x, w.t());
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const torch::Tensor& gradY = gradOutputs[0];
        const torch::Tensor w = quant::dequantize4bit(restoreQuantized(ctx)).to(gradY.scalar_type());
        return {torch::matmul(gradY, w), torch::Tensor()};
    }
};

}  // namespace

torch::Tensor quantizedLinear(const quant::QuantizedTensor& weight, const torch::Tensor& x, const torch::Tensor& bias) {
    torch::Tensor y = QuantizedLinearFunction::apply(x, weight);
    return bias.defined() ? y + bias.to(y.scalar_type()) : y;
}

}  // namespace ls::model
